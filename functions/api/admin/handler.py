"""AWS Lambda entry point of the admin function. The only module with import-time work: one app per container."""

from mangum import Mangum

from functions.api.admin.app import create_app
from functions.settings import get_settings

app = create_app()
handler = Mangum(app, lifespan="off", api_gateway_base_path=get_settings().api_base_path)
