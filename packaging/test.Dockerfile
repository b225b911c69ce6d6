# A clean Debian host with Debian's orthanc, for the .deb test (test_debian_package.py), which
# dpkg -i's the package into a container of it (with libpq5, which the package depends on).
ARG DEBIAN_RELEASE=bookworm
FROM debian:${DEBIAN_RELEASE}-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends orthanc libpq5 \
 && rm -rf /var/lib/apt/lists/*
