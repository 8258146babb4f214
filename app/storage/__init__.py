"""Media storage: iFarm's /storage/v1 (Supabase Storage's API) and the backends that hold the bytes."""
