"""The pages in a real headless Chromium against a real local server."""
