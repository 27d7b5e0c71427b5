-- The Northwind trading company, as OpenLink Virtuoso's demo database declares it (Debian
-- `virtuoso-vad-demo`), in SQLite types: dates as ISO text, pictures left out.
CREATE TABLE Categories (
  CategoryID INTEGER PRIMARY KEY,
  CategoryName TEXT,
  Description TEXT
);
CREATE TABLE Shippers (
  ShipperID INTEGER PRIMARY KEY,
  CompanyName TEXT,
  Phone TEXT
);
CREATE TABLE Suppliers (
  SupplierID INTEGER PRIMARY KEY,
  CompanyName TEXT,
  ContactName TEXT,
  ContactTitle TEXT,
  Address TEXT,
  City TEXT,
  Region TEXT,
  PostalCode TEXT,
  Country TEXT,
  Phone TEXT,
  Fax TEXT,
  HomePage TEXT
);
CREATE TABLE Products (
  ProductID INTEGER PRIMARY KEY,
  ProductName TEXT,
  SupplierID INTEGER REFERENCES Suppliers (SupplierID),
  CategoryID INTEGER REFERENCES Categories (CategoryID),
  QuantityPerUnit TEXT,
  UnitPrice REAL,
  UnitsInStock INTEGER,
  UnitsOnOrder INTEGER,
  ReorderLevel INTEGER,
  Discontinued INTEGER
);
CREATE TABLE Customers (
  CustomerID TEXT PRIMARY KEY,
  CompanyName TEXT,
  ContactName TEXT,
  ContactTitle TEXT,
  Address TEXT,
  City TEXT,
  Region TEXT,
  PostalCode TEXT,
  Country TEXT,
  Phone TEXT,
  Fax TEXT
);
CREATE TABLE Employees (
  EmployeeID INTEGER PRIMARY KEY,
  LastName TEXT,
  FirstName TEXT,
  Title TEXT,
  TitleOfCourtesy TEXT,
  BirthDate TEXT,
  HireDate TEXT,
  Address TEXT,
  City TEXT,
  Region TEXT,
  PostalCode TEXT,
  Country TEXT,
  HomePhone TEXT,
  Extension TEXT,
  Notes TEXT,
  ReportsTo INTEGER
);
CREATE TABLE Orders (
  OrderID INTEGER PRIMARY KEY,
  CustomerID TEXT REFERENCES Customers (CustomerID),
  EmployeeID INTEGER REFERENCES Employees (EmployeeID),
  OrderDate TEXT,
  RequiredDate TEXT,
  ShippedDate TEXT,
  ShipVia INTEGER REFERENCES Shippers (ShipperID),
  Freight REAL,
  ShipName TEXT,
  ShipAddress TEXT,
  ShipCity TEXT,
  ShipRegion TEXT,
  ShipPostalCode TEXT,
  ShipCountry TEXT
);
CREATE TABLE Order_Details (
  OrderID INTEGER REFERENCES Orders (OrderID),
  ProductID INTEGER REFERENCES Products (ProductID),
  UnitPrice REAL,
  Quantity INTEGER,
  Discount REAL,
  PRIMARY KEY (OrderID, ProductID)
);
