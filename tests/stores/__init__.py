"""The stores: one contract per concern run against SQLite and DynamoDB, and what each adapter adds."""
