INSERT INTO tenant (slug, name)
VALUES (:slug, :name)
ON CONFLICT (slug) DO NOTHING
RETURNING tenant_id, slug, name, created_at
