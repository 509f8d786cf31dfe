listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/vault/tls/vault.crt"
  tls_key_file  = "/vault/tls/vault.key"
}
listener "tcp" {
  address     = "127.0.0.1:8201"
  tls_disable = true
}
storage "raft" {
  path    = "/vault/data"
  node_id = "vault-1"
}
ui = true
