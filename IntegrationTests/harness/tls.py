"""A certificate authority and certificates made by openssl at test time, for DICOM TLS."""
import os
import subprocess


def _openssl(*arguments):
    subprocess.run(["openssl"] + list(arguments), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


class Authority:
    """A CA in folder; issue(name) makes name.key and name.crt signed by it."""

    def __init__(self, folder):
        self.folder = str(folder)
        os.makedirs(self.folder, exist_ok=True)
        self.certificate = os.path.join(self.folder, "ca.crt")
        self.key = os.path.join(self.folder, "ca.key")
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-subj", "/CN=xnat-dqr test CA", "-keyout", self.key, "-out", self.certificate)

    def issue(self, name):
        key = os.path.join(self.folder, f"{name}.key")
        request = os.path.join(self.folder, f"{name}.csr")
        certificate = os.path.join(self.folder, f"{name}.crt")
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}",
                 "-keyout", key, "-out", request)
        _openssl("x509", "-req", "-in", request, "-CA", self.certificate, "-CAkey", self.key,
                 "-CAcreateserial", "-days", "2", "-out", certificate)
        return key, certificate

    def orthanc_settings(self, name="orthanc"):
        """Orthanc's DicomTls* settings for a certificate of its own."""
        key, certificate = self.issue(name)
        return {"DicomTlsCertificate": certificate, "DicomTlsPrivateKey": key,
                "DicomTlsTrustedCertificates": self.certificate}

    def storescp_options(self, require_client_certificate=True, name="peer"):
        key, certificate = self.issue(name)
        return ["+tls", key, certificate, "+cf", self.certificate,
                "-rc" if require_client_certificate else "-ic"]
