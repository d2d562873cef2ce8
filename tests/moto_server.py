"""A private S3-compatible server for the object-storage tests: moto in server mode, over real HTTP.

It runs as its own process (`python -m moto.server`) on a free port, so that web and worker
subprocesses reach the same buckets as the test itself, exactly as they would reach MinIO or a
provider's S3. Where moto is not installed the tests skip; in CI (env var CI) they fail instead.
"""

import os
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from tests.redis_server import free_port

ACCESS_KEY = "iro-test-access-key"
SECRET_KEY = "iro-test-secret-key"  # moto accepts any pair; real ones are never used here
REGION = "eu-west-3"


def require_moto():
    try:
        import moto.server  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail('moto is not installed: pip install -e ".[dev]" (it is a dev dependency)')
        pytest.skip('moto is not installed (pip install -e ".[dev]")')


class MotoServer:
    def __init__(self):
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.endpoint_url + "/moto-api/", timeout=1).close()  # noqa: S310
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto's server did not start on port {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self):
        """A bucket of its own for one test (names are unique, nothing is shared between tests)."""
        name = f"iro-test-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    def environment(self, bucket):
        """The portal's settings naming this server and bucket, as an operator writes them in .env."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


@pytest.fixture(scope="session")
def moto_server():
    """This run's S3-compatible server (import this fixture into a test module to use it)."""
    require_moto()
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def bucket_storage(moto_server, settings):
    """The default storage is the private bucket storage, on a fresh bucket, for this test."""
    bucket = moto_server.new_bucket()
    for name, value in moto_server.environment(bucket).items():
        setattr(settings, name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "core.storage.PrivateS3Storage"},
    }
    from django.core.files.storage import default_storage

    assert default_storage.bucket_name == bucket
    return default_storage
