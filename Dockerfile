# One image for the web, worker and beat services.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's system libraries (Pango, HarfBuzz with subsetting) and fonts for the PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install . && pip uninstall -y iro-portal
COPY . .
# collectstatic loads the production settings, which refuse a short key: this throwaway one signs
# nothing and is not kept in the image (the running services get SECRET_KEY from the environment).
RUN SECRET_KEY=collectstatic-only-throwaway-key-that-signs-nothing-0123456789abcdef DJANGO_DEBUG=0 \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 --home /app portal && mkdir -p /app/var/private && chown -R portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
