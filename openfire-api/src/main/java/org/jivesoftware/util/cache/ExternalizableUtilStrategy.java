// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util.cache;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.Externalizable;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

public interface ExternalizableUtilStrategy {
    void writeStringMap(DataOutput out, Map<String, String> stringMap) throws IOException;
    Map<String, String> readStringMap(DataInput in) throws IOException;
    void writeLongIntMap(DataOutput out, Map<Long, Integer> map) throws IOException;
    Map<Long, Integer> readLongIntMap(DataInput in) throws IOException;
    void writeStringList(DataOutput out, List<String> stringList) throws IOException;
    List<String> readStringList(DataInput in) throws IOException;
    void writeLongArray(DataOutput out, long[] array) throws IOException;
    long[] readLongArray(DataInput in) throws IOException;
    void writeLong(DataOutput out, long value) throws IOException;
    long readLong(DataInput in) throws IOException;
    void writeBoolean(DataOutput out, boolean value) throws IOException;
    boolean readBoolean(DataInput in) throws IOException;
    void writeByteArray(DataOutput out, byte[] value) throws IOException;
    byte[] readByteArray(DataInput in) throws IOException;
    void writeSerializable(DataOutput out, Serializable value) throws IOException;
    Serializable readSerializable(DataInput in) throws IOException;
    void writeSafeUTF(DataOutput out, String value) throws IOException;
    String readSafeUTF(DataInput in) throws IOException;
    void writeExternalizableCollection(DataOutput out, Collection<? extends Externalizable> value) throws IOException;
    int readExternalizableCollection(DataInput in, Collection<? extends Externalizable> value, ClassLoader loader) throws IOException;
    void writeSerializableCollection(DataOutput out, Collection<? extends Serializable> value) throws IOException;
    int readSerializableCollection(DataInput in, Collection<? extends Serializable> value, ClassLoader loader) throws IOException;
    void writeExternalizableMap(DataOutput out, Map<String, ? extends Externalizable> map) throws IOException;
    int readExternalizableMap(DataInput in, Map<String, ? extends Externalizable> map, ClassLoader loader) throws IOException;
    void writeSerializableMap(DataOutput out, Map<? extends Serializable, ? extends Serializable> map) throws IOException;
    int readSerializableMap(DataInput in, Map<? extends Serializable, ? extends Serializable> map, ClassLoader loader) throws IOException;
    void writeStringsMap(DataOutput out, Map<String, Set<String>> map) throws IOException;
    int readStringsMap(DataInput in, Map<String, Set<String>> map) throws IOException;
    void writeStrings(DataOutput out, Collection<String> collection) throws IOException;
    int readStrings(DataInput in, Collection<String> collection) throws IOException;
    void writeInt(DataOutput out, int value) throws IOException;
    int readInt(DataInput in) throws IOException;
}
