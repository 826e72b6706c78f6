"""The postal channel (bưu chính công ích, Quyết định 45/2016/QĐ-TTg): dossiers received and results returned
by public postal service, with their tracking numbers, postage fees and the handover slips signed with the
postal worker. See docs/postal.md."""
