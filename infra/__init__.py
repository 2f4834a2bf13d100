"""The AWS deployment: the SAM template beside this file, the Lambda packages, and `make deploy`."""
