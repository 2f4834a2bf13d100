"""hocso's serverless functions: small FastAPI apps that share one core (bank, grading, storage, errors)."""
