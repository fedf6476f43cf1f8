import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Helper of bench/run.sh, run as a single-file source program ({@code java BenchTool.java ...}),
 * so the benchmark needs nothing beyond the JDK that runs the service.
 *
 * <pre>
 * java BenchTool.java secrets COUNT SEED OUT_FILE
 *     COUNT token secrets in the service's format (pat_ + 30 base62 + 6-char base62 CRC32 of the
 *     first 34 characters, as dev.pat.token.TokenSecrets), one per line, deterministic for SEED.
 * java BenchTool.java jwts PRIVATE_KEY_PEM ISSUER ACCOUNT_ID TTL_SECONDS OUT_FILE SUBJECT...
 *     one RS256 JWT per subject (groups=[admin], accountId), one per line.
 * </pre>
 */
public class BenchTool {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "secrets" -> secrets(Integer.parseInt(args[1]), Long.parseLong(args[2]), Path.of(args[3]));
            case "jwts" -> jwts(Path.of(args[1]), args[2], args[3], Long.parseLong(args[4]), Path.of(args[5]),
                    List.of(args).subList(6, args.length));
            default -> {
                System.err.println("usage: BenchTool secrets COUNT SEED OUT | jwts KEY ISSUER ACCOUNT TTL OUT SUBJECT...");
                System.exit(2);
            }
        }
    }

    static void secrets(int count, long seed, Path out) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            StringBuilder secret = new StringBuilder("pat_");
            for (int i = 0; i < 30; i++) {
                secret.append(BASE62[random.nextInt(BASE62.length)]);
            }
            lines.add(secret.append(checksum(secret.toString())).toString());
        }
        Files.write(out, lines);
    }

    /** The same as TokenSecrets.checksum: CRC32 of the ASCII bytes, as 6 base62 digits. */
    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(digits);
    }

    static void jwts(Path keyFile, String issuer, String account, long ttl, Path out, List<String> subjects) throws Exception {
        String pem = Files.readString(keyFile);
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (java.security.spec.InvalidKeySpecException | IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + " is not a PKCS#8 PEM RSA private key", e);
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (String subject : subjects) {
            String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"pat-bench\",\"sub\":\"" + subject + "\",\"accountId\":\"" + account
                    + "\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + ttl)
                    + ",\"jti\":\"bench-" + (n++) + "-" + now + "\"}";
            String signingInput = header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            lines.add(signingInput + "." + b64.encodeToString(signature.sign()));
        }
        Files.write(out, lines);
    }
}
