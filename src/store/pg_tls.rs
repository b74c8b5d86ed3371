//! How a connection to PostgreSQL is encrypted: the URL's `sslmode` and `sslrootcert`,
//! read as libpq (psql, pg_dump) reads them, so an operator's URL means here what it means
//! in their other tools.
//!
//! | `sslmode` | encrypted | the server's certificate |
//! |---|---|---|
//! | `disable` | never | — |
//! | `allow`, `prefer` (the default) | when the server offers it | not checked |
//! | `require` | always | checked against `sslrootcert` when given, else not checked |
//! | `verify-ca` | always | signed by `sslrootcert` (or a public CA when none is given) |
//! | `verify-full` | always | as `verify-ca`, and issued for the host in the URL |
//!
//! The driver knows only `disable`, `prefer` and `require`; the rest are taken out of the
//! URL here and carried out by the certificate verifier.

use std::sync::Arc;

use postgres::config::SslMode;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

/// How much of the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Encrypted, but any certificate is taken: protects against listening, not against a
    /// server that pretends.
    Nothing,
    /// Signed by a trusted authority; any host name.
    Chain,
    /// Signed by a trusted authority and issued for the host connected to.
    ChainAndName,
}

/// The TLS wishes of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wish {
    pub mode: SslMode,
    check: Check,
    roots: Option<String>,
}

/// Takes `sslmode` and `sslrootcert` out of `url`: the URL left for the driver, and what
/// they ask for. An `sslmode` stockroom does not know is an error that lists the ones it does.
pub fn split(url: &str) -> Result<(String, Wish), String> {
    let mut wish = Wish {
        mode: SslMode::Prefer,
        check: Check::Nothing,
        roots: None,
    };
    let Some((head, query)) = url.split_once('?') else {
        return Ok((url.to_string(), wish));
    };
    let mut kept = Vec::new();
    let mut mode = None;
    for part in query.split('&') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key {
            "sslmode" => mode = Some(decode(value)),
            "sslrootcert" => wish.roots = Some(decode(value)),
            _ => kept.push(part),
        }
    }
    let (mode, check) = match mode.as_deref() {
        None | Some("prefer") | Some("allow") => (SslMode::Prefer, Check::Nothing),
        Some("disable") => (SslMode::Disable, Check::Nothing),
        Some("require") if wish.roots.is_some() => (SslMode::Require, Check::Chain),
        Some("require") => (SslMode::Require, Check::Nothing),
        Some("verify-ca") => (SslMode::Require, Check::Chain),
        Some("verify-full") => (SslMode::Require, Check::ChainAndName),
        Some(other) => {
            return Err(format!(
                "sslmode={} is not one stockroom knows: use disable, prefer, require, verify-ca \
                 or verify-full",
                other
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect::<String>()
            ));
        }
    };
    wish.mode = mode;
    wish.check = check;
    let url = if kept.is_empty() {
        head.to_string()
    } else {
        format!("{head}?{}", kept.join("&"))
    };
    Ok((url, wish))
}

/// `%xx` in a URL's value, as the driver reads them.
pub(crate) fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The connector for `wish`: `None` when nothing is to be encrypted.
pub fn connector(wish: &Wish) -> Result<Option<MakeRustlsConnect>, String> {
    if wish.mode == SslMode::Disable {
        return Ok(None);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = match wish.check {
        Check::Nothing => None,
        Check::Chain | Check::ChainAndName => {
            let roots = match &wish.roots {
                Some(path) => roots_from(path)?,
                None => RootCertStore {
                    roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
                },
            };
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| format!("the certificates of sslrootcert cannot be used: {e}"))?,
            )
        }
    };
    let verifier = Arc::new(Verifier {
        provider: provider.clone(),
        chain,
        name: wish.check == Check::ChainAndName,
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS cannot be set up: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Some(MakeRustlsConnect::new(config)))
}

/// The certificates of a PEM file, as the authorities a server's certificate must come from.
fn roots_from(path: &str) -> Result<RootCertStore, String> {
    let shown: String = path.chars().filter(|c| !c.is_control()).collect();
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("sslrootcert {shown} cannot be read: {e}"))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("sslrootcert {shown} is not a PEM file of certificates: {e}"))?;
    let mut roots = RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(format!(
            "sslrootcert {shown} holds no certificate: give the PEM file of the authority that \
             signed the server's certificate"
        ));
    }
    Ok(roots)
}

/// The check of the server's certificate that `Check` asks for. Whatever it takes of the
/// certificate, the server must still prove it holds the certificate's key.
#[derive(Debug)]
struct Verifier {
    provider: Arc<CryptoProvider>,
    /// The trusted authorities; `None`: any certificate (`prefer`, and `require` without
    /// `sslrootcert`, as in libpq).
    chain: Option<Arc<WebPkiServerVerifier>>,
    /// Whether the certificate must be for the host connected to (`verify-full`).
    name: bool,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        // The chain is checked before the name: a name error means the chain was good.
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modes_read_as_libpq_reads_them() {
        let (url, w) = split("postgres://u@h/db").unwrap();
        assert_eq!(
            (url.as_str(), w.mode, w.check),
            ("postgres://u@h/db", SslMode::Prefer, Check::Nothing)
        );
        let (url, w) = split("postgres://u@h/db?sslmode=verify-full&connect_timeout=3").unwrap();
        assert_eq!(url, "postgres://u@h/db?connect_timeout=3");
        assert_eq!((w.mode, w.check), (SslMode::Require, Check::ChainAndName));
        let (url, w) =
            split("postgres://u@h/db?sslrootcert=%2Ftmp%2Fca.pem&sslmode=require").unwrap();
        assert_eq!(url, "postgres://u@h/db");
        assert_eq!(
            (w.mode, w.check, w.roots.as_deref()),
            (SslMode::Require, Check::Chain, Some("/tmp/ca.pem"))
        );
        let (_, w) = split("postgres://u@h/db?sslmode=require").unwrap();
        assert_eq!(w.check, Check::Nothing);
        let (_, w) = split("postgres://u@h/db?sslmode=verify-ca").unwrap();
        assert_eq!(w.check, Check::Chain);
        let (_, w) = split("postgres://u@h/db?sslmode=disable").unwrap();
        assert_eq!(w.mode, SslMode::Disable);
        assert!(connector(&w).unwrap().is_none());
    }

    #[test]
    fn an_unknown_mode_names_the_known_ones_without_control_characters() {
        let e = split("postgres://u@h/db?sslmode=strict\u{1b}[2J").unwrap_err();
        assert!(e.contains("sslmode=strict[2J is not one"), "{e}");
        assert!(e.contains("verify-full"), "{e}");
    }

    #[test]
    fn a_missing_or_empty_root_file_is_named() {
        let dir = std::env::temp_dir().join(format!("stockroom-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("none.pem");
        let (_, w) = split(&format!(
            "postgres://u@h/db?sslmode=verify-ca&sslrootcert={}",
            missing.display()
        ))
        .unwrap();
        let e = connector(&w).err().unwrap();
        assert!(e.contains("cannot be read"), "{e}");
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").unwrap();
        let (_, w) = split(&format!(
            "postgres://u@h/db?sslmode=verify-full&sslrootcert={}",
            empty.display()
        ))
        .unwrap();
        let e = connector(&w).err().unwrap();
        assert!(e.contains("holds no certificate"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
