/// The built-in types' schema files, byte for byte as in the repository's `schemas/`
/// (a test compares them). `credfile init` writes these; `SchemaSet.builtIn` parses them.
///
/// Regenerate after editing `schemas/*.yaml`; the literals are not indented so that their
/// bytes are exactly the files'.
enum BuiltInSchemas {
    /// File name and text, by file name.
    static let files: [(name: String, text: String)] = [
        ("generic.yaml", generic),
        ("msgraph.yaml", msgraph),
        ("smtp.yaml", smtp),
    ]

    static let generic = #"""
# credfile schema (docs/schemas.md): anything without a type of its own, such as an API
# token or a database URL. Put secrets in password or token, never in url.
type: generic
title: Generic credential
description: An API token, a database URL or another service login
fields:
  url:      { type: url, description: "service address: scheme://host[:port][/path]" }
  username: { type: string, description: login name }
  password: { type: string, sensitive: true, description: login password }
  token:    { type: string, sensitive: true, description: API token or key }
  expires:  { type: date, expiry: true, description: when the password or token expires }
# Anything else belongs in a type of its own (docs/schemas.md), not in an ad-hoc key here.
extra_fields: false

"""#

    static let msgraph = #"""
# credfile schema (docs/schemas.md): an application registered in Azure AD that reads and
# sends mail through Microsoft Graph (permissions Mail.Read and Mail.ReadWrite).
type: msgraph
title: Microsoft Graph API
description: Azure AD application with Mail.Read and Mail.ReadWrite permissions
fields:
  tenant_id:      { type: uuid, required: true, description: directory ID }
  client_id:      { type: uuid, required: true, description: application ID }
  client_secret:  { type: string, required: true, sensitive: true, description: client secret value }
  # Azure caps client secrets at 24 months: keep the date to be warned before it lapses.
  secret_expires: { type: date, expiry: true, description: when the client secret expires }

"""#

    static let smtp = #"""
# credfile schema (docs/schemas.md): an SMTP server for outbound mail.
type: smtp
title: SMTP server
description: Outbound mail through an SMTP relay
fields:
  host:     { type: hostname, required: true, description: server name or IP address }
  port:     { type: port, default: 25, description: server port (usually 25 or 465 or 587) }
  email:    { type: email, description: sender address }
  username: { type: string, description: login name when the server needs authentication }
  password: { type: string, sensitive: true, description: login password (often an app password) }
  tls:      { type: bool, default: false, description: connect with TLS }
rules:
  # Authentication needs both, or neither.
  - together: [username, password]

"""#
}
