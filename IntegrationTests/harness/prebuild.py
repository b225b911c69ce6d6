"""Builds the images of the container and package tests ahead of them (make test runs this
beside the integration tests): python3 -m harness.prebuild, from IntegrationTests/. Each build
holds harness.docker's lock, so a test that needs an image waits for it rather than building it
twice, and then finds its layers cached."""
import sys
import time

from . import docker


def main():
    for release, tag, dockerfile, context in docker.TEST_IMAGES:
        started = time.monotonic()
        docker.ready(release)
        docker.build(release, tag, dockerfile=dockerfile, context=context)
        print(f"{tag}: built in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
