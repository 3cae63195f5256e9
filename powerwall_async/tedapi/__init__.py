"""TEDAPI, the gateway's protobuf API: the wire layer.

The modules here build request bodies byte for byte, decode answers into plain results and
typed errors, carry the Tesla-signed GraphQL queries (``queries/``), and sign v1r requests with
the owner's RSA key. They send nothing themselves: the client group on top does the HTTP.
"""
