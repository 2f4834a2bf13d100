"""The jobs function: the background worker of imports, certificate ZIPs and report files, invoked asynchronously."""
