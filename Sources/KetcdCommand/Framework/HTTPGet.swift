import COpenSSL
import Foundation

/// A minimal HTTP/1.0 GET over a TCP socket, with TLS through OpenSSL for
/// `https://` URLs, for reading a member's `/metrics` page.
enum HTTPGet {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Returns the body of a 200 response. With TLS, the client certificate
    /// and key (when given) are presented and the server certificate is not
    /// verified, because only memory figures are read.
    static func fetch(_ url: String, certificateFile: String, keyFile: String) throws -> String {
        guard let components = URLComponents(string: url), let host = components.host,
              let scheme = components.scheme, scheme == "http" || scheme == "https" else {
            throw Failure(description: "invalid URL \(goQuoted(url))")
        }
        let useTLS = scheme == "https"
        let port = components.port ?? (useTLS ? 443 : 80)
        let path = components.path.isEmpty ? "/" : components.path
        let socket = try connect(host: host, port: port, url: url)
        defer { close(socket) }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)

        let response: [UInt8]
        if useTLS {
            response = try exchangeTLS(socket: socket, request: request, certificateFile: certificateFile, keyFile: keyFile, url: url)
        } else {
            var sent = 0
            while sent < request.count {
                let written = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
                guard written > 0 else { throw Failure(description: "Get \(goQuoted(url)): write failed: errno \(errno)") }
                sent += written
            }
            response = try readAll { buffer in recv(socket, buffer.baseAddress, buffer.count, 0) }
        }

        let text = String(decoding: response, as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n") else {
            throw Failure(description: "Get \(goQuoted(url)): malformed HTTP response")
        }
        let statusLine = text[..<headerEnd.lowerBound].prefix { $0 != "\r" }
        guard statusLine.split(separator: " ").dropFirst().first == "200" else {
            throw Failure(description: "Get \(goQuoted(url)): \(statusLine)")
        }
        return String(text[headerEnd.upperBound...])
    }

    private static func connect(host: String, port: Int, url: String) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let lookup = getaddrinfo(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), String(port), &hints, &results)
        guard lookup == 0, let first = results else {
            throw Failure(description: "Get \(goQuoted(url)): cannot resolve \(host): \(String(cString: gai_strerror(lookup)))")
        }
        defer { freeaddrinfo(results) }
        var current: UnsafeMutablePointer<addrinfo>? = first
        var lastError = ECONNREFUSED
        while let address = current {
            let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if descriptor >= 0 {
                if Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                    return descriptor
                }
                lastError = errno
                close(descriptor)
            }
            current = address.pointee.ai_next
        }
        throw Failure(description: "Get \(goQuoted(url)): dial tcp \(host):\(port): \(String(cString: strerror(lastError)))")
    }

    private static func readAll(_ read: (UnsafeMutableRawBufferPointer) -> Int) throws -> [UInt8] {
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read($0) }
            if count <= 0 { break }
            response.append(contentsOf: chunk[..<count])
        }
        return response
    }

    private static func exchangeTLS(socket: Int32, request: [UInt8], certificateFile: String, keyFile: String, url: String) throws -> [UInt8] {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw Failure(description: "Get \(goQuoted(url)): cannot create a TLS context")
        }
        defer { SSL_CTX_free(context) }
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        if !certificateFile.isEmpty && !keyFile.isEmpty {
            guard SSL_CTX_use_certificate_chain_file(context, certificateFile) == 1,
                  SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) == 1 else {
                throw Failure(description: "Get \(goQuoted(url)): cannot load the client certificate \(certificateFile) and key \(keyFile)")
            }
        }
        guard let connection = SSL_new(context) else {
            throw Failure(description: "Get \(goQuoted(url)): cannot create a TLS connection")
        }
        defer { SSL_free(connection) }
        SSL_set_fd(connection, socket)
        guard SSL_connect(connection) == 1 else {
            throw Failure(description: "Get \(goQuoted(url)): TLS handshake failed")
        }
        let written = request.withUnsafeBytes { SSL_write(connection, $0.baseAddress, Int32($0.count)) }
        guard written == Int32(request.count) else {
            throw Failure(description: "Get \(goQuoted(url)): TLS write failed")
        }
        return try readAll { buffer in Int(SSL_read(connection, buffer.baseAddress, Int32(buffer.count))) }
    }
}
