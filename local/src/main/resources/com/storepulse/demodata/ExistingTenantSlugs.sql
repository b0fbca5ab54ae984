SELECT slug FROM tenant WHERE slug = ANY(:slugs) ORDER BY slug
