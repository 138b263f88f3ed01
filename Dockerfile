FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=config.settings.base python manage.py compilemessages -v0 --ignore=.venv \
 && DJANGO_SETTINGS_MODULE=config.settings.base python manage.py collectstatic --noinput -v0
EXPOSE 8000
