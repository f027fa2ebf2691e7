"""Runtime modules copied verbatim into the generated client (and used by the mock).

Each module imports only the standard library, httpx and its siblings (relatively), so it
keeps working once copied into another package. Nothing is re-exported here on purpose:
importing one runtime module must not drag in the others.
"""
