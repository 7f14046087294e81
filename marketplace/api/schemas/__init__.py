"""Pydantic models of the API's bodies, queries and answers, one module per area.

They document the contract (/api/v1/openapi.json is built from them); the services still
validate every input, so errors keep their per-field messages. Limits and vocabularies
are imported from the services and the taxonomy, never retyped.
"""
