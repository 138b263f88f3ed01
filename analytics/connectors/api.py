"""`POST /api/v1/channels/{id}/fetch/`: ask for a connector run now."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.apiutils import raise_api_validation
from calendar_app.selectors import get_channel_for
from calendar_app.serializers import ChannelSerializer

from . import services


class ChannelFetchView(APIView):
    """Queue a fetch of the channel's numbers and publications now; 202 with the channel,
    whose `source_status` shows the run's outcome once it is done."""

    @extend_schema(request=None, responses={202: ChannelSerializer}, operation_id="channel_fetch")
    def post(self, request: Request, pk: int) -> Response:
        channel = get_channel_for(request.user, pk)
        try:
            channel = services.fetch_request(channel=channel)
        except ValidationError as error:
            raise_api_validation(error)
        return Response(ChannelSerializer(channel).data, status=status.HTTP_202_ACCEPTED)
