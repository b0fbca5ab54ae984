/**
 * The errors domain code throws: {@link com.storepulse.errors.DomainException} and its kinds. They
 * know nothing of HTTP; each function's edge decides what they mean to its caller (the customer
 * API: problem+json, in com.storepulse.http.ProblemResponses). docs/architecture.md, "Errors".
 */
package com.storepulse.errors;
