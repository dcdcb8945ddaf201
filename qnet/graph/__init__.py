"""The graph layer: Neo4j driver lifecycle, migrations, repositories and the local server.

All of qnet's Cypher lives in this package.
"""
