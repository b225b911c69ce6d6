# An XNAT receiver stand-in for docker-compose.yml: DCMTK's storescp, as XNAT's DICOM SCP
# receives (AE Title XNAT, port 8104), writing what it gets to /data.
ARG DEBIAN_RELEASE=bookworm
FROM debian:${DEBIAN_RELEASE}-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dcmtk \
 && rm -rf /var/lib/apt/lists/* && mkdir /data
VOLUME ["/data"]
ENV XNAT_AET=XNAT XNAT_PORT=8104
CMD ["sh", "-c", "exec storescp --aetitle \"$XNAT_AET\" --output-directory /data --sort-on-study-uid st \"$XNAT_PORT\""]
