/** Producer APIs outside the append path: InitProducerId (idempotent producers) and DescribeProducers. */
package io.runnel.broker.api.producer;
