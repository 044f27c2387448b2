"""The GraphQL face of Supportweb (SPEC §5): types, inputs, enums and root operations."""
