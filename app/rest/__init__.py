"""`/rest/v1`: the subset of PostgREST's HTTP grammar that supabase-py and supabase-js send.

grammar.py parses a request into plain data (no database); catalog.py is the schema cache (tables,
columns, keys, foreign keys), loaded at start and on `NOTIFY pgrst, 'reload schema'`; query.py checks
every identifier against it and composes the one SQL statement a request runs; app/routes/rest.py is
the HTTP side (headers, status codes, the transaction).
"""
