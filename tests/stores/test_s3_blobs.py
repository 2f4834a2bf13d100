"""The S3 blob store as AWS will see it: forms and links signed with Signature Version 4 for the bucket's regional
address (the one the pages' content security policy names), and the first-writer-wins write against an S3-API
server (moto)."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import boto3

from functions.blobs import S3Blobs


def test_forms_and_links_are_signed_with_version_4_for_the_bucket_s_regional_address(aws_env):
    blobs = S3Blobs("hocso-prod-databucket-1a2b3c4d5e6f")
    form = blobs.upload_form("uploads/0123456789abcdef0123.data", max_bytes=4 * 1024 * 1024, expires=300)
    assert form.url == "https://hocso-prod-databucket-1a2b3c4d5e6f.s3.ap-southeast-1.amazonaws.com/"
    assert form.fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256" and "AWSAccessKeyId" not in form.fields
    link = urlsplit(blobs.link("exports/a.zip", filename="a.zip", media_type="application/zip", expires=300))
    assert link.netloc == "hocso-prod-databucket-1a2b3c4d5e6f.s3.ap-southeast-1.amazonaws.com"
    asked = parse_qs(link.query)
    assert asked["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and asked["X-Amz-Expires"] == ["300"]
    assert asked["response-cache-control"] == ["no-store"]


def test_only_the_first_put_new_keeps_its_file(aws_env, dynamodb_endpoint):
    bucket = f"hocso-{uuid.uuid4().hex[:10]}"
    s3 = boto3.client("s3", endpoint_url=dynamodb_endpoint)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
    blobs = S3Blobs(bucket, endpoint_url=dynamodb_endpoint)
    assert blobs.put_new("jobs/0123456789abcdef0123.claim", b"first", "text/plain") is True
    # moto answers `If-None-Match: *` on an existing key as S3 does, 412 PreconditionFailed.
    assert blobs.put_new("jobs/0123456789abcdef0123.claim", b"second", "text/plain") is False
    assert blobs.get("jobs/0123456789abcdef0123.claim") == b"first"
    assert blobs.get("jobs/missing.claim") is None
