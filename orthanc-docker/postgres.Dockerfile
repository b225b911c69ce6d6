# PostgreSQL for docker-compose.scale-out.yml: Debian's postgresql, one database for Orthanc's
# index and the plugin, password authentication, listening on 127.0.0.1:${PGPORT} (host
# networking). The data is in the volume /var/lib/postgresql/data.
ARG DEBIAN_RELEASE=bookworm
FROM debian:${DEBIAN_RELEASE}-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /run/postgresql \
 && chown postgres:postgres /var/lib/postgresql/data /run/postgresql
COPY orthanc-docker/postgres-entrypoint.sh /usr/local/bin/
VOLUME ["/var/lib/postgresql/data"]
USER postgres
ENTRYPOINT ["postgres-entrypoint.sh"]
