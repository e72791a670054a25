package io.dbbasic.ai.gate;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Adds a {@code Budget.tick()} call at each method entry and before each backward jump (loops, and
 * switches that jump back), so every turn of a loop or recursion is counted. The call takes and
 * leaves nothing on the stack, so the compiler's stack map frames stay valid as they are.
 */
final class BudgetInstrumenter {
    static final String BUDGET = "io/dbbasic/ai/sandbox/Budget";

    Map<String, byte[]> instrument(Map<String, byte[]> classes) {
        var result = new LinkedHashMap<String, byte[]>();
        classes.forEach((name, bytes) -> {
            var reader = new ClassReader(bytes);
            var writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    var next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    return next == null ? null : new Ticker(next);
                }
            }, 0);
            result.put(name, writer.toByteArray());
        });
        return result;
    }

    private static final class Ticker extends MethodVisitor {
        /** Labels already passed: a jump to one of them goes backwards. */
        private final Set<Label> seen = new HashSet<>();

        Ticker(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        private void tick() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BUDGET, "tick", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            tick();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                tick();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            if (seen.contains(dflt) || anySeen(labels)) {
                tick();
            }
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            if (seen.contains(dflt) || anySeen(labels)) {
                tick();
            }
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private boolean anySeen(Label[] labels) {
            for (var label : labels) {
                if (seen.contains(label)) {
                    return true;
                }
            }
            return false;
        }
    }
}
