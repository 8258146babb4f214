-- V0024: an expense's receipt_media_id (from before media storage existed) points at a media file of
-- the same tenant or at nothing. Clients may write the column directly (/rest/v1, Supabase), so the
-- database checks it with a composite key, as every reference between tenant rows. An expense is a
-- financial record: the file of its receipt cannot be removed while the expense points at it (409),
-- and the cleanup of never-uploaded files leaves such a row alone (db/functions/120_media.sql).
ALTER TABLE public.expenses
    ADD CONSTRAINT expenses_receipt_media_fkey FOREIGN KEY (tenant_id, receipt_media_id)
        REFERENCES public.media_files (tenant_id, id);
CREATE INDEX expenses_receipt_media_idx ON public.expenses (tenant_id, receipt_media_id)
    WHERE receipt_media_id IS NOT NULL;
