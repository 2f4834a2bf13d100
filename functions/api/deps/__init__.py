"""The dependencies the function apps share, as Annotated aliases, one module per concern so that a function (and its
Lambda package) loads only the stores its routes use: `core` (settings, clock, randomness, the token secret, the
published banks), `attempts`, `accounts`, `certificates`, `keys` (the signing keys: the certificates function alone),
`blobs`, `tally`, `audit`, `focal` (focal officials' lists) and `calendar`. Tests swap them through
`app.dependency_overrides`.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in its threadpool, a thread hop per
dependency per request, which measured a third of a submission's time here. Stores open on first use and stay open
for the life of the process (or Lambda container).
"""
