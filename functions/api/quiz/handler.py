"""AWS Lambda entry point of the quiz function. The only module with import-time work: one app per container."""

import gc

from fastapi import FastAPI
from mangum import Mangum

# What is built below (the app's models, routes, settings) lives as long as the container, so a collection while it is
# built finds nothing to free; yet the objects it makes tipped the collector into a full pass over every object of the
# process (30-45 ms of a 550 ms import on a busy machine, a quarter of what the handler adds to the framework's). The
# collector waits while the app is built, and what was built is frozen (`gc.freeze`, as the documentation advises
# before a fork): no later collection, in any request, walks it again. The framework is imported above, as usual.
gc.disable()
try:
    from functions.api.quiz.app import create_app
    from functions.settings import get_settings

    app: FastAPI = create_app()
    handler = Mangum(app, lifespan="off", api_gateway_base_path=get_settings().api_base_path)
finally:
    gc.freeze()
    gc.enable()
