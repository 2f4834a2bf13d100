"""The AWS backend: one DynamoDB table (`table.TABLE`, its key design in `table`), an adapter per concern on
`table.DynamoDBTable`."""
