SELECT tenant_id FROM tenant WHERE slug = :slug
