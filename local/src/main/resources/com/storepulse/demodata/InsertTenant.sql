INSERT INTO tenant (slug, name) VALUES (:slug, :name) RETURNING tenant_id
