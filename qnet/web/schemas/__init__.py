"""marshmallow schemas: what each endpoint accepts and what it may show (emails never in public)."""
