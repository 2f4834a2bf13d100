"""Bulk work as background jobs: an import, the bulk certificate ZIP, a report file. A call records the job and hands
it to a worker (an asynchronous Lambda on AWS, a thread on one machine); the worker reports its progress on the job
and leaves its files in the blob store, downloaded through signed links. No job is bound by API Gateway's 30 seconds
or Lambda's 6 MB answer."""
