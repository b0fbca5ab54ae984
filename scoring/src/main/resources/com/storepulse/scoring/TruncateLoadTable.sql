-- Empty already; truncating it in the COPY's transaction is what allows COPY ... FREEZE.
TRUNCATE <load>
