# Odoo 18 with the Python packages of ig_soom_dra. The addon itself is
# mounted by docker-compose.yml.
FROM odoo:18.0
USER root
COPY requirements-addon.txt /tmp/requirements-addon.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/requirements-addon.txt \
    && rm /tmp/requirements-addon.txt
USER odoo
