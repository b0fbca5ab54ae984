-- The default layout on H2 in MODE=MSSQLServer (DATABASE_TO_UPPER=FALSE keeps the names' case, as
-- SQL Server does); BINARY(8) stands in for ROWVERSION, set by the fixture.
CREATE TABLE Customers (CustomerId NVARCHAR(64) PRIMARY KEY, Email NVARCHAR(320) NULL, FirstName NVARCHAR(100) NULL,
    LastName NVARCHAR(100) NULL, CreatedAt DATETIME2, ModifiedAt DATETIME2 NOT NULL, IsDeleted BIT NOT NULL,
    RowVer BINARY(8) NOT NULL);
CREATE TABLE Orders (OrderId NVARCHAR(64) PRIMARY KEY, CustomerId NVARCHAR(64), OrderedAt DATETIME2,
    TotalAmount DECIMAL(19,4), Currency CHAR(3), Kind NVARCHAR(16), ModifiedAt DATETIME2 NOT NULL,
    IsDeleted BIT NOT NULL, RowVer BINARY(8) NOT NULL);
CREATE INDEX Customers_cursor ON Customers (ModifiedAt, CustomerId);
CREATE INDEX Orders_cursor ON Orders (ModifiedAt, OrderId);
