"""The open API's resources (`/api/v1/…`): the public ones for anyone, and, with a space's
token, the private ones of that space. One module per resource; `common` holds the token
authentication and the space scope every resource shares."""
