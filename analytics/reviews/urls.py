from django.urls import path

from . import views

urlpatterns = [
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/panel/", views.review_panel, name="review_panel"),
    path("reviews/templates/", views.review_templates, name="review_templates"),
    path("reviews/templates/<str:kind>/", views.review_templates, name="review_templates_kind"),
    path(
        "reviews/templates/<str:kind>/items/<int:position>/",
        views.review_template_item,
        name="review_template_item",
    ),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path(
        "reviews/<int:pk>/items/<int:item_id>/",
        views.review_item_toggle,
        name="review_item_toggle",
    ),
    path("reviews/<int:pk>/reflection/", views.review_reflection, name="review_reflection"),
    path("reviews/<int:pk>/reopen/", views.review_reopen, name="review_reopen"),
    path("reviews/<int:pk>/refresh/", views.review_refresh, name="review_refresh"),
    path("reviews/<int:pk>/ideas/", views.review_ideas, name="review_ideas"),
    path("reviews/<int:pk>/comments/", views.review_comment, name="review_comment"),
    path("mentees/<int:mentee_id>/reviews/", views.mentee_reviews, name="mentee_reviews"),
]
