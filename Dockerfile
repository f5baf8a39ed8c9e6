# lerq: one image for every process of a deployment (web, worker, beat, migrate);
# docker-compose.yml shows how they fit together.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# WeasyPrint's native libraries (letters are rendered to PDF) and the fonts they are set in.
# Not pinned: bookworm's versions only change for security fixes, which a rebuild should take.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 \
        fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

# The processes run as this user; everything they write goes to /data (volumes in compose).
# A writable home for fontconfig's cache and gunicorn's control socket.
RUN groupadd --system --gid 10001 lerq \
    && useradd --system --uid 10001 --gid lerq --create-home --home-dir /home/lerq \
        --shell /usr/sbin/nologin lerq \
    && mkdir -p /data/var /data/media \
    && chown -R lerq:lerq /data

WORKDIR /app

# Dependencies first, from the pinned tree, in a layer that only changes with them. With only
# pyproject.toml here the `lerq` distribution itself is empty: the code runs from /app.
COPY pyproject.toml constraints.txt ./
RUN pip install "pip==25.3" \
    && pip install -c constraints.txt . \
    && rm -rf build ./*.egg-info \
    && python -c "import django, psycopg, celery, kombu.transport.redis, gunicorn, whitenoise"

COPY . .

# Static files are collected into the image (served by WhiteNoise); the key and the var
# directory only exist for this command.
RUN DJANGO_SECRET_KEY=collectstatic-only LERQ_VAR_DIR=/tmp/build-var \
        python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var

ENV PYTHONPATH=/app \
    HOME=/home/lerq \
    LERQ_VAR_DIR=/data/var \
    LERQ_MEDIA_ROOT=/data/media

# lerq:lerq, by number so that a runtime can check it is not root.
USER 10001:10001
EXPOSE 8000

# Workers: WEB_CONCURRENCY (gunicorn reads it), default 1.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-"]
