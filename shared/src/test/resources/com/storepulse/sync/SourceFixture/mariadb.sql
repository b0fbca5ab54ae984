-- The default layout on MariaDB: no dbo schema, no RowVer, DATETIME(6) for DATETIME2.
CREATE TABLE Customers (CustomerId NVARCHAR(64) PRIMARY KEY, Email NVARCHAR(320) NULL, FirstName NVARCHAR(100) NULL,
    LastName NVARCHAR(100) NULL, CreatedAt DATETIME(6), ModifiedAt DATETIME(6) NOT NULL, IsDeleted BOOLEAN NOT NULL,
    RowVer BINARY(8) NOT NULL, INDEX Customers_cursor (ModifiedAt, CustomerId));
CREATE TABLE Orders (OrderId NVARCHAR(64) PRIMARY KEY, CustomerId NVARCHAR(64), OrderedAt DATETIME(6),
    TotalAmount DECIMAL(19,4), Currency CHAR(3), Kind NVARCHAR(16), ModifiedAt DATETIME(6) NOT NULL,
    IsDeleted BOOLEAN NOT NULL, RowVer BINARY(8) NOT NULL, INDEX Orders_cursor (ModifiedAt, OrderId));
