"""The REST API (`/api/v1/`): per-organisation tokens with scopes, an OpenAPI document, served by django-ninja."""
