package dev.nabla.codegen;

import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every method of a generated trainer stays far below HotSpot's 8000-byte limit for JIT compilation. */
class MethodSizeTest {
    @ParameterizedTest
    @CsvSource({"derivations/ch5-bp.nabla, false, ", "derivations/ch5-bp.nabla, true, 0.9",
            "derivations/ch5-regularized.nabla, false, ", "derivations/ch5-regularized.nabla, true, 0.5"})
    void everyMethodIsSmall(String file, boolean batch, String lambda) throws IOException {
        Path f = Path.of(file);
        TrainingProgram program = Trainers.training(Trainers.program(f),
                new TrainingProgram.Options(batch, lambda == null ? null : new BigFraction(Double.parseDouble(lambda))));
        String source = JavaTrainer.emit(program, new JavaTrainer.Options("p", "T"));
        Map<String, Integer> sizes = codeLengths(CompiledTrainer.javac(source, "p.T", Path.of("T.java")));
        for (Map.Entry<String, Integer> m : sizes.entrySet()) {
            assertTrue(m.getValue() < 2000, () -> m.getKey() + " has " + m.getValue() + " bytes of bytecode: " + sizes);
        }
    }

    /** The bytecode length of every method of a class file, by name. */
    static Map<String, Integer> codeLengths(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int k = 1; k < count; k++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: utf8[k] = in.readUTF(); break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                case 5: case 6: in.readLong(); k++; break;
                case 7: case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
                case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                default: throw new IOException("constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.skipBytes(2 * in.readUnsignedShort());
        skipMembers(in);
        Map<String, Integer> out = new LinkedHashMap<>();
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    int code = in.readInt();
                    out.merge(name, code, Math::max);
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return out;
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int k = 0; k < n; k++) {
            in.skipBytes(6);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.readUnsignedShort();
                in.skipBytes(in.readInt());
            }
        }
    }
}
