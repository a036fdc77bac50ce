import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

export interface TlsMaterial {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const YEAR_MS = 365 * 86_400_000;

/** RSA keys from Node's native crypto (forge's pure-JS generation is slow), used by forge to sign. */
function rsaKeys() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return {
    pem,
    privateKey: forgeKey,
    publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
  };
}

function certificate(
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  publicKey: forge.pki.PublicKey,
  signer: forge.pki.rsa.PrivateKey,
  extensions: object[],
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + YEAR_MS);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  cert.sign(signer, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/**
 * A fresh CA, a server certificate for the listen address, and an admin client
 * certificate (CN enclave-admin, O system:masters), as a kubeadm-style kubeconfig has.
 */
export function generateTlsMaterial(host: string): TlsMaterial {
  const ca = rsaKeys();
  const caName = [{ name: "commonName", value: "enclave-embedded-ca" }];
  const caCert = certificate(caName, caName, ca.publicKey, ca.privateKey, [
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
  const server = rsaKeys();
  const isIp = /^[\d.]+$/.test(host);
  const altNames = [
    { type: 2, value: "localhost" },
    { type: 7, ip: "127.0.0.1" },
    ...(host === "127.0.0.1" || host === "localhost"
      ? []
      : [isIp ? { type: 7, ip: host } : { type: 2, value: host }]),
  ];
  const serverCert = certificate(
    [{ name: "commonName", value: "enclave-embedded-apiserver" }],
    caName,
    server.publicKey,
    ca.privateKey,
    [
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  );
  const client = rsaKeys();
  const clientCert = certificate(
    [
      { name: "organizationName", value: "system:masters" },
      { name: "commonName", value: "enclave-admin" },
    ],
    caName,
    client.publicKey,
    ca.privateKey,
    [
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", clientAuth: true },
    ],
  );
  return { ca: caCert, serverCert, serverKey: server.pem, clientCert, clientKey: client.pem };
}
