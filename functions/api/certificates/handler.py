"""AWS Lambda entry point of the certificates function. The only module with import-time work: one app per container."""

import os

from mangum import Mangum

from functions.api.certificates.app import create_app

app = create_app()
handler = Mangum(app, lifespan="off", api_gateway_base_path=os.environ.get("HOCSO_API_BASE_PATH", "/api"))
