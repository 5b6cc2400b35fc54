package dev.cofre.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import org.springframework.web.multipart.MultipartFile;

import dev.cofre.common.InvalidInputException;

/**
 * QR codes for TOTP secrets: decodes an uploaded PNG/JPEG into the otpauth:// URI it holds (the URI goes straight
 * to the credential service and is never logged) and renders an enrolment URI as a PNG data: URL.
 */
final class QrCodes {

    static final long MAX_BYTES = 1024 * 1024;
    static final String FIELD = "totpQr";

    private QrCodes() {
    }

    /** The otpauth://totp/ URI in the uploaded image; field errors name {@code totpQr}. */
    static String decodeOtpauth(MultipartFile file) {
        if (file.getSize() > MAX_BYTES) {
            throw new InvalidInputException(FIELD, "the image is larger than 1 MB");
        }
        BufferedImage image;
        try (InputStream in = file.getInputStream()) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            image = null;
        }
        if (image == null) {
            throw new InvalidInputException(FIELD, "not a readable image; upload a PNG or JPEG picture of the QR code");
        }
        if ((long) image.getWidth() * image.getHeight() > 25_000_000L) {
            throw new InvalidInputException(FIELD, "the image is too large; crop it to the QR code");
        }
        String text;
        try {
            Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
            hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
            text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image))), hints).getText();
        } catch (NotFoundException e) {
            throw new InvalidInputException(FIELD, "no QR code was found in the image");
        } catch (ReaderException | RuntimeException e) {
            throw new InvalidInputException(FIELD, "the QR code could not be read; try a sharper picture");
        }
        if (text == null || !text.strip().toLowerCase(Locale.ROOT).startsWith("otpauth://totp/")) {
            throw new InvalidInputException(FIELD,
                    "the QR code does not hold a TOTP key; expected an otpauth://totp/ URI");
        }
        return text.strip();
    }

    /** A PNG data: URL of the QR code of {@code text}. */
    static String pngDataUrl(String text, int size) {
        try {
            Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
            hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
            hints.put(EncodeHintType.MARGIN, 2);
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, hints);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("QR code could not be rendered");
        }
    }
}
