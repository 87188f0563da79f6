# Production image: gunicorn serving the app, static files by WhiteNoise.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input
# Uploaded documents (local storage, when no bucket is configured): a folder the app may write,
# outside /app, for a volume to keep (docker-compose.yml mounts one).
ENV MEDIA_ROOT=/data/documents
RUN useradd --create-home app && mkdir -p /data/documents && chown app:app /data/documents
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
